// Once the page painted (the frame after it loaded), tell the shell.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("loaded", { what: "page" })),
);
