/** Maps "METHOD /path" to a route template such as "GET /orgs/{org}/secret-scanning/alerts". */
export class Router<T> {
  private readonly routes: { method: string; template: string; pattern: RegExp; names: string[]; value: T }[] = [];

  /** `accepts` leaves out routes the server does not have (see flavor.ts). */
  constructor(private readonly accepts: (method: string, template: string) => boolean = () => true) {}

  add(method: string, template: string, value: T): this {
    if (!this.accepts(method, template)) return this;
    const names: string[] = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, template, pattern: new RegExp(`^${source}$`), names, value });
    return this;
  }

  match(method: string, path: string): { route: string; params: Record<string, string>; value: T } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route: `${method} ${route.template}`, params, value: route.value };
    }
    return undefined;
  }
}
