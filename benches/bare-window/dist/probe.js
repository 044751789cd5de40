// Once the page painted (the frame after it loaded), tell the shell, with the same
// loading moments as Kohorte's probe (ui/src/lib/api.ts) for the launch breakdown.
const origin = performance.timeOrigin;
const marks = [["navigation", origin], ["script", origin + performance.now()]];
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    if (nav) marks.push(["document", origin + nav.responseEnd], ["parsed", origin + nav.domInteractive]);
    marks.push(["painted", origin + performance.now()]);
    window.__TAURI_INTERNALS__.invoke("loaded", { what: "page", marks });
  }),
);
