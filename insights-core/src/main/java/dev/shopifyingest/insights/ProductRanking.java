package dev.shopifyingest.insights;

import java.util.Locale;

/** How {@link ShopInsights#topProducts} ranks products: by revenue or by units sold. */
public enum ProductRanking {
    /** Highest revenue (line totals after discounts) first. */
    REVENUE,
    /** Most units sold first. */
    UNITS;

    /**
     * Reads a ranking as the JSON API writes it ({@code revenue}, {@code units}), ignoring case.
     *
     * @param name the name
     * @return the ranking
     * @throws InvalidRankingException if the name is neither
     */
    public static ProductRanking parse(String name) {
        if (name != null) {
            for (ProductRanking ranking : values()) {
                if (ranking.name().equalsIgnoreCase(name.strip())) {
                    return ranking;
                }
            }
        }
        throw new InvalidRankingException("Unknown ranking '" + name + "'. Use revenue or units.");
    }

    /**
     * The lower-case name the JSON API uses.
     *
     * @return {@code revenue} or {@code units}
     */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
