import type { DemoAlertRecord } from './dataset.ts';
import { API_BASE, WEB_BASE, simpleRepository, simpleUser } from './github-objects.ts';
import type { SecretScanningAlert, SimpleRepository } from './github-types.ts';

/**
 * Repositories renamed or transferred after the dataset was made. GitHub keeps answering the old
 * name: `/repos/{old owner}/{old name}/…` is redirected (301) to `/repositories/{id}/…`, which
 * serves the repository under its new name and owner.
 */
export class MovedRepositories {
  /** Lowercase old full name → repository id (every name a repository ever had). */
  private readonly formerNames = new Map<string, number>();
  /** Repository id → the repository as it is now. */
  private readonly current = new Map<number, SimpleRepository>();

  /** Records the move and returns the repository under its new name. */
  move(repository: SimpleRepository, newOwner: { login: string; id: number }, newName: string): SimpleRepository {
    const moved = simpleRepository(simpleUser(newOwner.login, newOwner.id, 'Organization'), newName, repository.id, repository.private, repository.description);
    this.formerNames.set(repository.full_name.toLowerCase(), repository.id);
    this.current.set(repository.id, moved);
    return moved;
  }

  /** The repository of a record as it is now. */
  repositoryOf(record: DemoAlertRecord): SimpleRepository {
    return this.current.get(record.repository.id) ?? record.repository;
  }

  byId(id: number): SimpleRepository | undefined {
    return this.current.get(id);
  }

  /** The id a former full name now redirects to, if it is a former name. */
  formerNameId(fullName: string): number | undefined {
    return this.formerNames.get(fullName.toLowerCase());
  }

  /** GitHub's URLs inside an alert follow its repository's new name. */
  alertOf(record: DemoAlertRecord, alert: SecretScanningAlert): SecretScanningAlert {
    const moved = this.current.get(record.repository.id);
    if (!moved) return alert;
    const api = (url: string | undefined) => url?.replace(`${API_BASE}/repos/${record.repository.full_name}/`, `${API_BASE}/repos/${moved.full_name}/`);
    const web = (url: string | undefined) => url?.replace(`${WEB_BASE}/${record.repository.full_name}/`, `${WEB_BASE}/${moved.full_name}/`);
    return { ...alert, url: api(alert.url)!, locations_url: api(alert.locations_url)!, html_url: web(alert.html_url)! };
  }
}

/**
 * How the demo server treats a path under a moved repository: a former name is redirected to
 * `/repositories/{id}…` (GitHub's 301), and `/repositories/{id}…` is served as the repository's
 * current `/repos/{owner}/{name}…` path.
 */
export function movedPath(moves: MovedRepositories, pathname: string, isCurrentName: (fullName: string) => boolean): { redirectTo: string } | { servePath: string } | null {
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname);
  if (byId) {
    const repository = moves.byId(Number(byId[1]));
    return repository ? { servePath: `/repos/${repository.full_name}${byId[2] ?? ''}` } : null;
  }
  const byName = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!byName) return null;
  const fullName = `${decodeURIComponent(byName[1]!)}/${decodeURIComponent(byName[2]!)}`;
  const id = isCurrentName(fullName) ? undefined : moves.formerNameId(fullName);
  return id === undefined ? null : { redirectTo: `/repositories/${id}${byName[3] ?? ''}` };
}
