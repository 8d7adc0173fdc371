/**
 * The commands of the procedure are defined in engine/commands.ts (shape, who
 * may issue them, the event each records); the lifecycle names them from here.
 */
export { COMMAND_ROLES, COMMAND_TYPES, type CommandType } from "../engine/commands.js";
