// Every written resolver; fields without one fall back to record properties or empty values.
import { mergeResolvers, type ResolverMap } from "../context";
import { bulkResolvers } from "./bulk";
import { catalogMutationResolvers } from "./catalog-mutations";
import { productResolvers } from "./products";
import { shopResolvers } from "./shop";
import { translationResolvers } from "./translations";

export const adminResolvers: ResolverMap = mergeResolvers(shopResolvers, productResolvers, translationResolvers, catalogMutationResolvers, bulkResolvers);
