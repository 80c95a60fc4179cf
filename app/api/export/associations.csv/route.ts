// GET /api/export/associations.csv – every association matching the /api/associations filters, in its sort order, as CSV
import { associationFiltersSchema } from "@/lib/filters/associations";
import { apiRoute } from "@/lib/http/api-route";
import { associationsFilename, csvResponse, parseExportQuery } from "@/lib/http/csv-export";
import { associationExportBatches, associationExportColumns } from "@/lib/queries/export";

export const GET = apiRoute(async (request: Request) => {
  const filters = parseExportQuery(associationFiltersSchema, request);
  return csvResponse(request, "associations", associationsFilename(filters), associationExportColumns, associationExportBatches(filters));
});
