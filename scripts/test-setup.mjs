#!/usr/bin/env node
// Work the whole suite needs done once before it starts. Each step prints what it does.
import { buildWeb } from "./build-web.mjs";

// The browser tests and the server's static files need the built web app.
await buildWeb();
