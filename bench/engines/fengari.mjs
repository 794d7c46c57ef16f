// Runs a Lua script on Fengari (a Lua 5.3 VM written in JavaScript) under node:
//   node fengari.mjs script.lua [args...]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { lua, lauxlib, lualib, to_luastring } = require('fengari');

const [script, ...args] = process.argv.slice(2);
const L = lauxlib.luaL_newstate();
lualib.luaL_openlibs(L);
lua.lua_createtable(L, args.length, 1);
[script, ...args].forEach((a, i) => {
    lua.lua_pushstring(L, to_luastring(a));
    lua.lua_rawseti(L, -2, i);
});
lua.lua_setglobal(L, to_luastring('arg'));
const status = lauxlib.luaL_loadbuffer(L, readFileSync(script), null, to_luastring('@' + script)) ||
    lua.lua_pcall(L, 0, 0, 0);
if (status !== 0) {
    console.error(lua.lua_tojsstring(L, -1));
    process.exit(1);
}
