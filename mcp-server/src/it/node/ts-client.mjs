// The MCP TypeScript SDK's client against jive-mcp over Streamable HTTP: lists the tools, then
// creates, searches, links and tracks work items. Prints one JSON summary line; exits 1 on failure.
// Usage: node ts-client.mjs http://127.0.0.1:PORT/mcp
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = process.argv[2];
const client = new Client({ name: "jive-ts-e2e", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));

function check(cond, what) {
  if (!cond) {
    throw new Error("check failed: " + what);
  }
}

async function call(name, args) {
  const r = await client.callTool({ name, arguments: args });
  check(!r.isError, `${name} ${JSON.stringify(args)} -> ${JSON.stringify(r.content)}`);
  check(r.structuredContent && r.structuredContent.success === true, `${name} has structured content`);
  return r.structuredContent;
}

const tools = (await client.listTools()).tools.map((t) => t.name);
check(tools.length === 9 && tools.every((t) => t.startsWith("jive_")), "nine jive tools: " + tools);

const epic = (await call("jive_manage_work_item", { action: "create", type: "epic", title: "TS epic", description: "Checkout" })).work_item.id;
const api = (await call("jive_manage_work_item", { action: "create", type: "task", title: "TS build the payment API", description: "Card payments endpoint", parent_id: epic })).work_item.id;
const ui = (await call("jive_manage_work_item", { action: "create", type: "task", title: "TS payment form", description: "The form that takes the card", parent_id: epic })).work_item.id;

const found = await call("jive_search_content", { query: "card payment endpoint", search_type: "hybrid", limit: 5 });
check(found.results.length > 0 && found.results[0].id === api, "search finds the API task first");

await call("jive_get_hierarchy", { work_item_id: ui, relationship_type: "dependencies", action: "add_dependency", target_work_item_id: api });
const deps = await call("jive_get_hierarchy", { work_item_id: ui, relationship_type: "dependencies" });
check(deps.related.length === 1 && deps.related[0].id === api, "dependency recorded");
const cycle = await client.callTool({ name: "jive_get_hierarchy", arguments: { work_item_id: api, relationship_type: "dependencies", action: "add_dependency", target_work_item_id: ui } });
check(cycle.isError === true, "a cycle is refused");

await call("jive_track_progress", { action: "track", work_item_id: api, progress_data: { progress_percentage: 100, auto_calculate_status: true } });
const report = await call("jive_track_progress", { action: "get_status", work_item_id: epic });
check(report.summary.by_status.completed === 1, "one completed item under the epic");

await client.close();
console.log(JSON.stringify({ ok: true, tools: tools.length, epic, api, ui }));
