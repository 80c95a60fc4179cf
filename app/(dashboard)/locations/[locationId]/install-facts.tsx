// What the newest INSTALL / UNINSTALL delivery said about the location.
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import type { LocationInstall } from "@/lib/queries/location-detail";
import { Facts } from "./facts";

export function InstallFacts({ install: i }: { install: LocationInstall }) {
  const state =
    i.state === "installed" ? (
      <span key="s">
        <Badge tone="green">installed</Badge> since <LocalTime value={i.installedAt} />
      </span>
    ) : i.state === "uninstalled" ? (
      <span key="s">
        <Badge tone="red">uninstalled</Badge> at <LocalTime value={i.uninstalledAt} />
      </span>
    ) : (
      <span key="s" title="No INSTALL or UNINSTALL delivery has named this location">
        <Badge>unknown</Badge>
      </span>
    );
  return (
    <Facts
      facts={[
        ["state", state],
        [
          "company",
          i.companyName || i.companyId ? (
            <span key="c">
              {i.companyName ?? "—"} {i.companyId && <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{i.companyId}</span>}
            </span>
          ) : (
            "—"
          ),
        ],
        [
          "app version",
          i.appVersion ? (
            <span key="v" className="font-mono text-xs">
              {i.appVersion}
            </span>
          ) : (
            "—"
          ),
        ],
      ]}
    />
  );
}
