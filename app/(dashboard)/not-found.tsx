// 404 for an unknown association or event id, inside the dashboard's navigation.
import { NotFoundMessage } from "@/components/not-found-message";

export default function NotFound() {
  return <NotFoundMessage />;
}
