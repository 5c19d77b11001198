/**
 * Exact business insights over a shop's ingested data: summary, time series, top customers and top
 * products over a range of days in the shop's time zone.
 *
 * <p>{@link dev.shopifyingest.insights.Insights} answers from rollups maintained by triggers (cost
 * proportional to days, not orders); {@link dev.shopifyingest.insights.RawInsights} answers the same
 * questions straight from the order rows and serves as the reference. Queries are
 * {@link dev.shopifyingest.insights.InsightsQuery} values; every failure is an
 * {@link dev.shopifyingest.insights.InsightsException}. Definitions: {@code docs/insights.md}.
 */
package dev.shopifyingest.insights;
