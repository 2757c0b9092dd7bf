export interface Fixture {
  path: string;
  name: string;
  description: string;
  dir: URL;
}
export function listFixtures(): Fixture[];
export function listExtraNodeVersions(): Array<{ alias: string; version: string }>;
export function worksWithTable(): string;
