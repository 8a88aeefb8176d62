// Mantine's PostCSS preset (rem(), light-dark(), breakpoint variables) for any CSS this app adds.
export default { plugins: { 'postcss-preset-mantine': {} } };
