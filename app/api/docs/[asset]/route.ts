import { docsAsset } from '@/server/http/api-docs';

export const dynamic = 'force-dynamic';

/** The reference page's own stylesheet and scripts (a fixed list; anything else is 404). */
export async function GET(_request: Request, { params }: { params: Promise<{ asset: string }> }): Promise<Response> {
  const asset = await docsAsset((await params).asset);
  if (!asset) return Response.json({ error: { code: 'NOT_FOUND', message: 'No such file of the API reference.', fields: {} } }, { status: 404 });
  return new Response(new Uint8Array(Buffer.from(asset.body)), { headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' } });
}
