// GET /api/export/relations.csv – every relation matching the /api/relations filters, newest event first, as CSV
import { relationFiltersSchema } from "@/lib/filters/relations";
import { apiRoute } from "@/lib/http/api-route";
import { csvResponse, parseExportQuery, relationsFilename } from "@/lib/http/csv-export";
import { relationExportBatches, relationExportColumns } from "@/lib/queries/export";

export const GET = apiRoute(async (request: Request) => {
  const filters = parseExportQuery(relationFiltersSchema, request);
  return csvResponse(request, "relations", relationsFilename(filters), relationExportColumns, relationExportBatches(filters));
});
