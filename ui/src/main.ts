import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { api } from "./lib/api";

api.launchMark("script");
// The faces the first view draws with, loaded while the shell asks the core for its
// figures, instead of only once the first layout meets text in them (their
// `font-display: block` keeps that text hidden until they arrived).
void document.fonts.load('16px "Kohorte Sans"').then(() => api.launchMark("regular-face"));
void document.fonts.load('bold 16px "Kohorte Sans"').then(() => api.launchMark("bold-face"));

const target = document.getElementById("app");
if (!target) throw new Error("#app fehlt in index.html");
export default mount(App, { target });
