import { getHealth } from '../../health/get-health';
import { publicProcedure } from '../init';

export const healthProcedure = publicProcedure.query(async ({ ctx }) => {
  const { handle, config } = await ctx.app();
  return getHealth({ handle, leaseSeconds: config.leaseSeconds });
});
