-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "instructions" JSONB NOT NULL,
    "autoEnrichNewProducts" BOOLEAN NOT NULL DEFAULT false,
    "newProductTasks" JSONB,
    "updatedAt" DATETIME NOT NULL
);

