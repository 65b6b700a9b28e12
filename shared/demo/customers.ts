// Demo borrowers: realistic Chinese names, Hangzhou addresses, masked ID numbers and phones.
import type { Prng } from './prng';
import type { CustomerType, DemoBranch, DemoContactPoint, DemoCustomer } from './types';

// ---------- names and contact data ----------

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲建国文俊峰丹志新宇浩亮婷晨欣怡佳雪梅慧琳颖海波斌宁晓云飞鑫凯瑞博雅琪璐倩嘉豪轩思远涵萱然诺'];
const BRAND = [...'恒信泰华盛达宏远鑫源瑞丰金利通嘉新云安博创联合众兴鼎'];
const INDUSTRIES = ['贸易', '科技', '机械制造', '电子', '服装', '食品', '建材', '物流', '纺织', '包装', '印刷', '餐饮管理', '汽车配件', '环保科技'];
const SHOPS = ['五金店', '小吃店', '水果店', '便利店', '服装店', '建材商行', '汽修店', '茶叶商行', '家电经营部', '图文工作室', '面馆', '花店'];
const ROADS = ['解放路', '庆春路', '凤起路', '文三路', '学院路', '教工路', '莫干山路', '秋涛路', '建国北路', '天目山路', '古墩路', '丰潭路', '机场路', '艮山西路'];
const MOBILE_PREFIXES = ['130', '131', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '177', '180', '182', '186', '187', '188', '189', '199'];
const DISTRICTS: Record<string, { names: readonly string[]; codes: readonly string[] }> = {
  B001: { names: ['上城区', '钱塘区', '临平区'], codes: ['330102', '330114', '330113'] },
  B002: { names: ['西湖区', '拱墅区', '余杭区'], codes: ['330106', '330105', '330110'] },
};
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // the unified social credit code alphabet

export const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function personName(rng: Prng): string {
  const given = rng.chance(0.65) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}
// A full (fictitious) number: collectors dial it; screens mask it by role.
const mobile = (rng: Prng): string => `${rng.pick(MOBILE_PREFIXES)}${pad(rng.int(0, 9999), 4)}${pad(rng.int(0, 9999), 4)}`;

export function makeCustomer(rng: Prng, id: string, branch: DemoBranch, no: number, type: CustomerType): DemoCustomer {
  const area = DISTRICTS[branch.code] as { names: readonly string[]; codes: readonly string[] };
  const d = rng.int(0, area.names.length - 1);
  const district = area.names[d] as string;
  const address = `杭州市${district}${rng.pick(ROADS)}${rng.int(1, 899)}号`;
  const person = personName(rng);
  const phone = mobile(rng);
  const points: DemoContactPoint[] = [];
  let name: string;
  let segment: string;
  let idNumberMasked: string;
  let uscc = '';
  for (let i = 0; i < 4; i++) uscc += USCC_CHARS[rng.int(0, USCC_CHARS.length - 1)];
  if (type === 'individual') {
    name = person;
    segment = rng.weighted([['retail_mass', 70], ['retail_affluent', 25], ['retail_private', 5]] as const);
    // 18-digit resident ID: region code visible, birth date and sequence masked, last 4 kept.
    idNumberMasked = `${area.codes[d] as string}********${pad(rng.int(0, 999), 3)}${rng.chance(0.1) ? 'X' : rng.int(0, 9)}`;
    points.push({ kind: 'mobile', value: phone, party: 'borrower', name: person });
    if (rng.chance(0.6)) points.push({ kind: 'mobile', value: mobile(rng), party: 'spouse', name: personName(rng) });
    else points.push({ kind: 'mobile', value: mobile(rng), party: 'emergency_contact', name: personName(rng) });
  } else if (type === 'micro') {
    name = `${district}${person.slice(0, 1)}记${rng.pick(SHOPS)}`;
    segment = rng.chance(0.7) ? 'individual_business' : 'micro_enterprise_owner';
    idNumberMasked = `92${(area.codes[d] as string).slice(0, 4)}00******${uscc}`; // 个体工商户 codes start 92
    points.push({ kind: 'mobile', value: phone, party: 'borrower', name: person });
  } else {
    name = `杭州${rng.pick(BRAND)}${rng.pick(BRAND)}${rng.pick(INDUSTRIES)}有限公司`;
    segment = rng.weighted([['sme_small', 60], ['sme_micro', 30], ['sme_medium', 10]] as const);
    idNumberMasked = `91${(area.codes[d] as string).slice(0, 4)}00******${uscc}`;
    points.push({ kind: 'mobile', value: phone, party: 'legal_representative', name: person });
    points.push({ kind: 'landline', value: `0571-8***${pad(rng.int(0, 9999), 4)}`, party: 'company', name });
  }
  if (type !== 'individual' && rng.chance(0.5)) {
    points.push({ kind: 'mobile', value: mobile(rng), party: 'guarantor', name: personName(rng) });
  }
  const customerNo = `C${branch.code}${pad(no, 7)}`;
  return { id, branchId: branch.id, customerNo, name, type, segment, idNumberMasked, phone, address, contactPoints: points };
}
