#!/usr/bin/env node
// Work the whole suite needs done once before it starts. Each step prints what it does.
