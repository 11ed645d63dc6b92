// Which shops' jobs a runner or worker pool looks after: all (undefined), a fixed list, or a
// list read again at every sweep (JOB_SHOPS can change while the process runs: tests that
// share one database register each shop they create).
export type ShopScope = readonly string[] | (() => readonly string[] | undefined);

export function shopsIn(scope: ShopScope | undefined): readonly string[] | undefined {
  return typeof scope === "function" ? scope() : scope;
}
