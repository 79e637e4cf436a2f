/**
 * The conversation's Lua scripts (in ./lua): each one is atomic in Redis, so several processes
 * can serve one chat without a lost update or a message processed twice.
 */
import { LuaScript } from '../redis/script.js';

/** Dedupe, flood-limit and enqueue one inbound delivery. Keys and arguments: in the .lua file. */
export const ENQUEUE_INBOUND = LuaScript.fromFile(new URL('./lua/enqueue-inbound.lua', import.meta.url));

/** Consume the inbox head, save the new state and queue its effects, all or nothing. Keys and arguments: in the .lua file. */
export const COMMIT_STEP = LuaScript.fromFile(new URL('./lua/commit-step.lua', import.meta.url));

/** Drop the conversation from the pending set only if nothing is queued for it. Keys and arguments: in the .lua file. */
export const SETTLE_PENDING = LuaScript.fromFile(new URL('./lua/settle-pending.lua', import.meta.url));

/** Remove a list's head only if it is still the item we handled. Keys and arguments: in the .lua file. */
export const POP_HEAD = LuaScript.fromFile(new URL('./lua/pop-head.lua', import.meta.url));

/** Replace a list's head (to record an attempt) only if unchanged. Keys and arguments: in the .lua file. */
export const REPLACE_HEAD = LuaScript.fromFile(new URL('./lua/replace-head.lua', import.meta.url));
