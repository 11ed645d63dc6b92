-- CreateTable
CREATE TABLE "ProviderKey" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "baseUrl" TEXT,
    "settings" JSONB NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastTestedAt" TIMESTAMP(3),
    "lastTestOk" BOOLEAN,
    "lastTestMessage" TEXT,

    CONSTRAINT "ProviderKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "providerKeyId" TEXT,
    "model" TEXT,
    "fallbackProviderKeyId" TEXT,
    "fallbackModel" TEXT,
    "dataScope" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "providerKeyId" TEXT,
    "jobId" TEXT,
    "itemId" TEXT,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "cachedInputTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "characters" INTEGER NOT NULL DEFAULT 0,
    "batch" BOOLEAN NOT NULL DEFAULT false,
    "cost" DECIMAL(65,30),
    "currency" TEXT NOT NULL,
    "priceSource" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL,
    "errorMessage" TEXT,

    CONSTRAINT "UsageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriceOverride" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prices" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PriceOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "context" TEXT,
    "monthlyCap" DECIMAL(65,30) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProviderKey_shop_idx" ON "ProviderKey"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_shop_context_key" ON "Assignment"("shop", "context");

-- CreateIndex
CREATE INDEX "UsageEvent_shop_createdAt_idx" ON "UsageEvent"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "UsageEvent_shop_context_createdAt_idx" ON "UsageEvent"("shop", "context", "createdAt");

-- CreateIndex
CREATE INDEX "UsageEvent_jobId_idx" ON "UsageEvent"("jobId");

-- CreateIndex
CREATE UNIQUE INDEX "PriceOverride_shop_provider_model_key" ON "PriceOverride"("shop", "provider", "model");

-- CreateIndex
CREATE INDEX "Budget_shop_idx" ON "Budget"("shop");

