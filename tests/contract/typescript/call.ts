// Calls typed by openapi-typescript from openapi/openapi.json, as a user writes them.
// test_generated_client.py generates ./schema.d.ts beside this file and compiles it with
// tsc --strict: fields always sent are never undefined, every enum is one named type, the
// entity union narrows by `kind`, one request type serves both extraction routes, and the
// optional headers (Cache-Control, X-Request-ID) are plain strings.
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
type Extraction = paths["/extract"]["post"]["responses"][200]["content"]["application/json"];
type ExtractHeaders = NonNullable<paths["/extract"]["post"]["parameters"]["header"]>;

export async function extract(article: Schemas["ExtractRequest"], headers: ExtractHeaders): Promise<Extraction> {
  const response = await fetch("http://127.0.0.1:8000/extract", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(article),
  });
  return (await response.json()) as Extraction;
}

export function killed(extraction: Extraction): (Schemas["Count"] | null)[] {
  return extraction.incidents.map((incident) => incident.casualties.killed);
}

export function doerTypes(extraction: Extraction): (Schemas["ActorType"] | null)[] {
  return extraction.incidents.flatMap((incident) => incident.actors.map((actor) => actor.actor_type));
}

export function whereOrWho(entity: Schemas["Extraction"]["entities"][number]): string | null {
  switch (entity.kind) {
    case "place":
      return entity.pcode;
    case "source":
      return entity.source_kind;
    default:
      return null;
  }
}

export function isAirstrike(incident: Schemas["Incident"]): boolean {
  const type: Schemas["IncidentType"] = incident.type;
  return type === "airstrike";
}

const article: Schemas["ExtractRequest"] = { text: "قصفت طائرات حربية قرية", published_at: "2024-05-01" };
export const batch: Schemas["BatchRequest"] = { documents: [article] };
export const headers: ExtractHeaders = { "Cache-Control": "no-cache", "X-Request-ID": "call-1" };
export const ready = (body: Schemas["Readiness"]): boolean => body.status === "ok";
