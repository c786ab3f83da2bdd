import type { ResolutionType } from '@cl/complaints';

/** The demo's branches, best first (the plan resolves faster at the first ones). */
export const BRANCHES = [
  'br-amsterdam',
  'br-utrecht',
  'br-rotterdam',
  'br-eindhoven',
  'br-groningen',
  'br-leiden',
  'br-haarlem',
  'br-breda',
  'br-tilburg',
  'br-zwolle',
] as const;

export const CATEGORIES = [
  'delivery',
  'billing',
  'product_quality',
  'staff_attitude',
  'returns',
  'website',
  'warranty',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRODUCTS = [
  'p-kettle',
  'p-toaster',
  'p-vacuum',
  'p-blender',
  'p-headphones',
  'p-phone',
  'p-laptop',
  'p-washer',
  'p-fridge',
  'p-tv',
] as const;

export const RESOLUTION_TYPE_BY_CATEGORY: Record<Category, readonly ResolutionType[]> = {
  delivery: ['refund', 'replacement', 'apology', 'compensation'],
  billing: ['refund', 'explanation', 'apology'],
  product_quality: ['replacement', 'repair', 'refund'],
  staff_attitude: ['apology', 'explanation', 'compensation'],
  returns: ['refund', 'explanation'],
  website: ['explanation', 'apology', 'other'],
  warranty: ['repair', 'replacement', 'explanation'],
};

const DESCRIPTIONS: Record<Category, readonly string[]> = {
  delivery: [
    'The parcel arrived four days late and the box was crushed.',
    'Delivery slot missed twice; nobody called.',
    'Courier left the parcel at the wrong address.',
  ],
  billing: [
    'Charged twice for the same order.',
    'The invoice shows a price higher than the one in the shop.',
    'A refund promised last month never arrived.',
  ],
  product_quality: [
    'Stopped working after two weeks.',
    'Arrived with a cracked housing.',
    'Makes a loud noise from the first use.',
  ],
  staff_attitude: [
    'The shop assistant was dismissive and would not listen.',
    'Was kept on hold for 40 minutes and then cut off.',
    'Staff refused to look at the receipt.',
  ],
  returns: [
    'The return was refused although it is within 30 days.',
    'Return label never sent.',
    'Returned item received by the warehouse but not credited.',
  ],
  website: [
    'Checkout fails at the payment step.',
    'Order history shows orders that are not mine.',
    'Password reset e-mail never arrives.',
  ],
  warranty: [
    'Repair under warranty refused as "misuse".',
    'Third repair of the same fault this year.',
    'Warranty repair has taken six weeks so far.',
  ],
};

/** A description of the category; x in [0, 1) picks one. */
export function describeComplaint(category: Category, x: number): string {
  const options = DESCRIPTIONS[category];
  return options[Math.floor(x * options.length)];
}

const SUMMARIES: Record<ResolutionType, string> = {
  refund: 'Refunded the amount in full.',
  replacement: 'Sent a replacement.',
  repair: 'Repaired free of charge.',
  apology: 'Apologised and explained what went wrong.',
  explanation: 'Explained the terms and what happens next.',
  compensation: 'Paid compensation for the trouble.',
  other: 'Handled as agreed with the customer.',
};

export function summarizeResolution(type: ResolutionType, onTheSpot: boolean): string {
  return onTheSpot ? `${SUMMARIES[type]} Settled during the first contact.` : SUMMARIES[type];
}
