/**
 * Imported for its effect, before React is loaded: React picks its build from
 * NODE_ENV when first loaded, and without it runs the development build. That
 * build records a performance measure for every render, which Node keeps:
 * the dashboard's heap then grows by ~12 MB a minute for as long as it runs
 * (and the checks take about a third of its CPU). A NODE_ENV the user set is
 * kept.
 */
import process from 'node:process';

process.env.NODE_ENV ??= 'production';
