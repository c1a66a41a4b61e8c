// Runs before first paint so a stored or system dark preference never flashes light.
// The script is a constant of ours, not bundle content.
const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("nb-theme");var d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches;if(d)document.documentElement.classList.add("dark")}catch(e){}})()`;

// The CSP allows no inline script without the request's nonce (see middleware.ts).
export function ThemeScript({ nonce }: { nonce?: string }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
