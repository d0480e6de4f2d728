// What Vite gives the stories: `import code from './code/x.tsx?raw'` is the file's text.
/// <reference types="vite/client" />
