// 404 for addresses outside the dashboard's routes.
import { NotFoundMessage } from "@/components/not-found-message";

export default function NotFound() {
  return (
    <main id="main" className="p-8">
      <NotFoundMessage />
    </main>
  );
}
