-- CreateTable
CREATE TABLE "EnrichmentJob" (
    "id" TEXT NOT NULL,
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
    "estimatedCost" DECIMAL(65,30),
    "actualCost" DECIMAL(65,30),
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "counts" JSONB,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "pullOperationId" TEXT,
    "writeOperationIds" JSONB,
    "leaseOwner" TEXT,
    "pausedReason" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "pulledAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "EnrichmentJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobItem" (
    "id" TEXT NOT NULL,
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
    "claimedAt" TIMESTAMP(3),
    "usage" JSONB,
    "cost" DECIMAL(65,30),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobWriteBatch" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "owner" TEXT,
    "lines" JSONB,
    "bulkOperationId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobWriteBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobWorker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobWorker_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "JobItem" ADD CONSTRAINT "JobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "EnrichmentJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobWriteBatch" ADD CONSTRAINT "JobWriteBatch_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "EnrichmentJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

