-- AlterTable
ALTER TABLE "Task" ADD COLUMN "sourcePath" TEXT;

