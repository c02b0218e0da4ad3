-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "scriptBody" TEXT,
ADD COLUMN     "scriptInterpreter" TEXT;

