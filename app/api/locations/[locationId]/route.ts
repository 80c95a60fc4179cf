// GET /api/locations/{locationId} – one location: names, token yes/no (never the token), HighLevel link, counts, install state
import { notFound } from "@/lib/http/errors";
import { isLocationId } from "@/lib/filters/location-name";
import { apiRoute } from "@/lib/http/api-route";
import { getLocationDetail } from "@/lib/highlevel/location-detail";

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ locationId: string }> }) => {
  const { locationId } = await params;
  const location = isLocationId(locationId) ? await getLocationDetail(locationId) : null;
  if (!location) throw notFound("Location");
  return Response.json({ data: location });
});
