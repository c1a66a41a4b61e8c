// Tailwind CSS 4 runs as a PostCSS plugin; no CDN, no separate CLI step.
export default { plugins: { "@tailwindcss/postcss": {} } };
