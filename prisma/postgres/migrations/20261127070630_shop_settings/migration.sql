-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL,
    "instructions" JSONB NOT NULL,
    "autoEnrichNewProducts" BOOLEAN NOT NULL DEFAULT false,
    "newProductTasks" JSONB,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shop")
);

