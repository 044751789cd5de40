// Vite hands a file's text to modules that import it with `?raw` (the map of Germany).
declare module "*.svg?raw" {
  const text: string;
  export default text;
}
