// Bulk operations and staged uploads.
import { GraphQLError } from "graphql";
import { numericId } from "../../domain/ids";
import type { BulkOperationRecord } from "../../bulk/bulk-operations";
import type { StagedUploadInput } from "../../http/staged-uploads";
import { paginate, type ConnectionArgs } from "../connection";
import type { AdminContext, ResolverMap } from "../context";

function notInBulkMutation(ctx: AdminContext, field: string): void {
  if (ctx.inBulkMutation) throw new GraphQLError(`${field} can't be used inside a bulk mutation`, { extensions: { code: "ACCESS_DENIED" } });
}

const byCreated = (r: BulkOperationRecord) => ({ id: numericId(r.id), value: r.createdAt });

export const bulkResolvers: ResolverMap = {
  QueryRoot: {
    bulkOperation: (_src, args: { id: string }, ctx) => ctx.bulkOperations.find(ctx.shop.domain, args.id),
    currentBulkOperation: (_src, args: { type?: "QUERY" | "MUTATION" }, ctx) => ctx.bulkOperations.current(ctx.shop.domain, args.type ?? "QUERY"),
    bulkOperations: (_src, args: ConnectionArgs & { query?: string | null; reverse?: boolean | null }, ctx, info) => {
      let list = ctx.bulkOperations.list(ctx.shop.domain);
      const status = /status:(\w+)/i.exec(args.query ?? "")?.[1]?.toUpperCase();
      const type = /operation_type:(\w+)/i.exec(args.query ?? "")?.[1]?.toUpperCase();
      if (status) list = list.filter((r) => r.status === status);
      if (type) list = list.filter((r) => r.type === type);
      if (args.reverse) list = [...list].reverse();
      return paginate(list, args, ctx, info, byCreated, Boolean(args.reverse));
    },
  },
  Mutation: {
    bulkOperationRunQuery: (_src, args: { query: string }, ctx) => {
      notInBulkMutation(ctx, "bulkOperationRunQuery");
      return ctx.bulkOperations.runQuery(ctx.shop.domain, args.query);
    },
    bulkOperationRunMutation: (_src, args: { mutation: string; stagedUploadPath: string }, ctx) => {
      notInBulkMutation(ctx, "bulkOperationRunMutation");
      return ctx.bulkOperations.runMutation(ctx.shop.domain, args.mutation, ctx.stagedUploads.filePath(ctx.shop.domain, args.stagedUploadPath));
    },
    bulkOperationCancel: (_src, args: { id: string }, ctx) => ctx.bulkOperations.cancel(ctx.shop.domain, args.id),
    stagedUploadsCreate: (_src, args: { input: StagedUploadInput[] }, ctx) => ({
      stagedTargets: args.input.map((input) => ctx.stagedUploads.createTarget(ctx.shop.domain, input)),
      userErrors: [],
    }),
  },
};
