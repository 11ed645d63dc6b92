-- CreateTable
CREATE TABLE "EnrichmentJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "scopeKind" TEXT NOT NULL,
    "scopeIds" JSONB,
    "scopeQuery" TEXT,
    "tasks" JSONB NOT NULL,
    "attributes" JSONB NOT NULL,
    "instructions" JSONB NOT NULL,
    "mode" TEXT NOT NULL,
    "preview" BOOLEAN NOT NULL DEFAULT false,
    "autoStart" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT 'enrichment',
    "assignment" JSONB NOT NULL,
    "activeLane" TEXT NOT NULL DEFAULT 'primary',
    "estimate" JSONB,
    "estimatedCost" DECIMAL,
    "actualCost" DECIMAL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "counts" JSONB,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "pullOperationId" TEXT,
    "writeOperationIds" JSONB,
    "leaseOwner" TEXT,
    "pausedReason" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "pulledAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "JobItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lane" TEXT,
    "product" JSONB,
    "productUpdatedAt" TEXT,
    "estimate" JSONB,
    "proposal" JSONB,
    "snapshot" JSONB,
    "writtenUpdatedAt" TEXT,
    "writeBatchId" TEXT,
    "claimedBy" TEXT,
    "claimedAt" DATETIME,
    "usage" JSONB,
    "cost" DECIMAL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "EnrichmentJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobWriteBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "owner" TEXT,
    "lines" JSONB,
    "bulkOperationId" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JobWriteBatch_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "EnrichmentJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobWorker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "EnrichmentJob_shop_createdAt_idx" ON "EnrichmentJob"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "EnrichmentJob_status_idx" ON "EnrichmentJob"("status");

-- CreateIndex
CREATE INDEX "JobItem_jobId_status_idx" ON "JobItem"("jobId", "status");

-- CreateIndex
CREATE INDEX "JobItem_writeBatchId_idx" ON "JobItem"("writeBatchId");

-- CreateIndex
CREATE UNIQUE INDEX "JobItem_jobId_productId_key" ON "JobItem"("jobId", "productId");

-- CreateIndex
CREATE INDEX "JobWriteBatch_jobId_status_idx" ON "JobWriteBatch"("jobId", "status");

