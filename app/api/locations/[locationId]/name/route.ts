// PUT /api/locations/{locationId}/name – set {"name": "…"} or clear {"name": null} the operator's name for a location.
// PUT: the name is replaced whole, and repeating the request changes nothing more.
// Any well-formed id may be named, also one that has not sent anything yet.
import { ApiError, zodDetails } from "@/lib/http/errors";
import { isLocationId, locationNameBodySchema } from "@/lib/filters/location-name";
import { apiRoute } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/json-write";
import { getLocationDetail } from "@/lib/highlevel/location-detail";
import { setLocationName } from "@/lib/queries/location-profiles";

export const PUT = apiRoute(async (request: Request, { params }: { params: Promise<{ locationId: string }> }) => {
  const { locationId } = await params;
  if (!isLocationId(locationId)) {
    throw new ApiError("bad_request", "Not a location id", [
      { path: "locationId", message: "must be 1-200 characters without control characters or surrounding spaces" },
    ]);
  }
  const parsed = locationNameBodySchema.safeParse(await readJsonBody(request));
  if (!parsed.success) throw new ApiError("invalid_payload", "Invalid location name", zodDetails(parsed.error));
  await setLocationName(locationId, parsed.data.name);
  return Response.json({ data: await getLocationDetail(locationId) });
});
