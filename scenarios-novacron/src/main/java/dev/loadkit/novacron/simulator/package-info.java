/** The embedded NovaCron simulator that the scenarios run against when no host is given. */
package dev.loadkit.novacron.simulator;
