// Runs a Lua script on wasmoon (PUC Lua 5.4 compiled to wasm) under node:
//   node wasmoon.mjs script.lua [args...]
import { readFileSync } from 'node:fs';
import { LuaFactory } from 'wasmoon';

const [script, ...args] = process.argv.slice(2);
const lua = await new LuaFactory().createEngine({ openStandardLibs: true });
lua.global.set('__script_args', args);
lua.doStringSync(`arg = {} for i, v in ipairs(__script_args) do arg[i] = v end arg[0] = ${JSON.stringify(script)}`);
await lua.doString(readFileSync(script, 'utf8'));
lua.global.close();
