// GET /api/export/events.csv – every stored delivery matching the /api/events filters, newest first, as CSV
import { eventFiltersSchema } from "@/lib/filters/events";
import { apiRoute } from "@/lib/http/api-route";
import { csvResponse, eventsFilename, parseExportQuery } from "@/lib/http/csv-export";
import { eventExportBatches, eventExportColumns } from "@/lib/queries/export";

export const GET = apiRoute(async (request: Request) => {
  const filters = parseExportQuery(eventFiltersSchema, request);
  return csvResponse(request, "events", eventsFilename(filters), eventExportColumns, eventExportBatches(filters));
});
