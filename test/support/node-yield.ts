/** The in-process runtime's boundaries for Node (the edge's, shared with the scripts). */
export { nodeDrain, nodeYield, resetDrainCount } from '../../src/platform/node/node-yield.ts';
