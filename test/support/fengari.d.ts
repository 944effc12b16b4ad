/** The part of fengari (a Lua 5.3 VM in JavaScript, shipped without types) the health tests use. */
declare module 'fengari' {
  export interface LuaState {
    readonly __luaState: unique symbol;
  }
  export const lua: {
    readonly LUA_OK: number;
    lua_tostring(L: LuaState, index: number): Uint8Array;
    lua_isstring(L: LuaState, index: number): boolean;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_dostring(L: LuaState, code: Uint8Array): number;
  };
  export const lualib: {
    luaL_openlibs(L: LuaState): void;
  };
  export function to_luastring(s: string): Uint8Array;
  export function to_jsstring(s: Uint8Array): string;
}
