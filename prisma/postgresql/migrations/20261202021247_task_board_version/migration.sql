-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "boardVersion" INTEGER NOT NULL DEFAULT 1;

