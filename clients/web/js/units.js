// Unit lists in tree order: each unit after its parent, siblings by name,
// indented by depth, so the organisation reads top-down (ids sort the root
// into the middle of the list).
import { call } from "./api.js";

const collator = new Intl.Collator("nb");

// `units` as the API gives them ({id, name, parentId}) in tree order, each
// with its `depth` (0 for a root, or a unit whose parent is not in the list).
export function treeOrder(units) {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) && u.parentId !== u.id ? u.parentId : "";
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(u);
  }
  for (const list of children.values()) list.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id));
  const out = [];
  const seen = new Set();
  const visit = (parent, depth) => {
    for (const u of children.get(parent) || []) {
      if (seen.has(u.id)) continue;  // a cycle in bad data: list each unit once
      seen.add(u.id);
      out.push({ ...u, depth });
      visit(u.id, depth + 1);
    }
  };
  visit("", 0);
  for (const u of units) if (!seen.has(u.id)) out.push({ ...u, depth: 0 });
  return out;
}

// A unit's name indented by its depth, for a <select>'s options.
export function indented(u) {
  return "\u00a0\u00a0".repeat(u.depth || 0) + u.name;
}

// The units the caller may open, in tree order: a manager's own units and
// those below them, everyone else all units.
export async function managedUnits(app) {
  const answer = await call("OrgService/ListOrgUnits", {});
  const all = treeOrder(answer.orgUnits || []).map((u) => ({ id: u.id, name: u.name, parent: u.parentId, depth: u.depth }));
  if (app.grant !== "MANAGER") return all;
  const managed = new Set(app.me.person?.managesUnitIds || []);
  const byId = new Map(all.map((u) => [u.id, u]));
  const within = (u) => {
    for (let x = u; x; x = byId.get(x.parent)) if (managed.has(x.id)) return true;
    return false;
  };
  return all.filter(within);
}
