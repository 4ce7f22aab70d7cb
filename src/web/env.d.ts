// Lets TypeScript accept Vite's asset imports (the stylesheet) in the web app.
/// <reference types="vite/client" />
