// Applies the theme chosen with the console's switch before the first paint; the console's WASM,
// which starts later, does the same (frontend/src/components/theme.rs). A file, not an inline
// script: the Content Security Policy allows only the console's own files.
try {
  var theme = window.localStorage.getItem('snapdeck.theme');
  if (theme === 'light' || theme === 'dark') {
    document.documentElement.setAttribute('data-theme', theme);
  }
} catch (e) {
  // Storage refused (private mode): the system's preference applies.
}
