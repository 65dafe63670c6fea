import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127052636 } from './Migration20261127052636';
import { Migration20261127053321 } from './Migration20261127053321';
import { Migration20261127060259 } from './Migration20261127060259';
import { Migration20261127064800 } from './Migration20261127064800';
import { Migration20261127065817 } from './Migration20261127065817';
import { Migration20261127070536 } from './Migration20261127070536';
import { Migration20261127150840 } from './Migration20261127150840';
import { Migration20261127151336 } from './Migration20261127151336';
import { Migration20261127151940 } from './Migration20261127151940';
import { Migration20261127152921 } from './Migration20261127152921';
import { Migration20261127154656 } from './Migration20261127154656';
import { Migration20261127160000 } from './Migration20261127160000';
import { Migration20261127171609 } from './Migration20261127171609';
import { Migration20261127184500 } from './Migration20261127184500';
import { Migration20261127190000 } from './Migration20261127190000';
import { Migration20261127190500 } from './Migration20261127190500';
import { Migration20261127191000 } from './Migration20261127191000';
import { Migration20261127193000 } from './Migration20261127193000';
import { Migration20261128010000 } from './Migration20261128010000';
import { Migration20261128030000 } from './Migration20261128030000';
import { Migration20261128100000 } from './Migration20261128100000';

/** Every migration, in order. `npm run migration:create` writes a new file; add it here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261127052636', class: Migration20261127052636 },
  { name: 'Migration20261127053321', class: Migration20261127053321 },
  { name: 'Migration20261127060259', class: Migration20261127060259 },
  { name: 'Migration20261127064800', class: Migration20261127064800 },
  { name: 'Migration20261127065817', class: Migration20261127065817 },
  { name: 'Migration20261127070536', class: Migration20261127070536 },
  { name: 'Migration20261127150840', class: Migration20261127150840 },
  { name: 'Migration20261127151336', class: Migration20261127151336 },
  { name: 'Migration20261127151940', class: Migration20261127151940 },
  { name: 'Migration20261127152921', class: Migration20261127152921 },
  { name: 'Migration20261127154656', class: Migration20261127154656 },
  { name: 'Migration20261127160000', class: Migration20261127160000 },
  { name: 'Migration20261127171609', class: Migration20261127171609 },
  { name: 'Migration20261127184500', class: Migration20261127184500 },
  { name: 'Migration20261127190000', class: Migration20261127190000 },
  { name: 'Migration20261127190500', class: Migration20261127190500 },
  { name: 'Migration20261127191000', class: Migration20261127191000 },
  { name: 'Migration20261127193000', class: Migration20261127193000 },
  { name: 'Migration20261128010000', class: Migration20261128010000 },
  { name: 'Migration20261128030000', class: Migration20261128030000 },
  { name: 'Migration20261128100000', class: Migration20261128100000 },
];
