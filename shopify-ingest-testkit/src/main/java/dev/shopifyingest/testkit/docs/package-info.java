/**
 * Documentation checks: {@link dev.shopifyingest.testkit.docs.GuideExamples} keeps the Java
 * examples of a Markdown guide equal to regions of source files that compile and are tested.
 */
package dev.shopifyingest.testkit.docs;
