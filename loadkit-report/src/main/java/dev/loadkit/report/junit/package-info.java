/** JUnit XML with a test case per threshold: {@code --junit FILE}. */
package dev.loadkit.report.junit;
