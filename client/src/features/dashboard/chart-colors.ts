// SVG fill attributes do not take CSS variables: these mirror theme.css (--color-brand) and a lighter tint.
export const CHART_TODAY = '#1f4d3a';
export const CHART_LAST_WEEK = '#a9c2b6';
