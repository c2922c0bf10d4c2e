import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

const FLAG = ['true', 'false'] as const;

/** How an import runs: as a preview, and whether the removals it implies are confirmed. */
export class ImportQuery {
  @ApiPropertyOptional({ enum: FLAG, description: 'true: answer what the import would do (changes.created, updated, removed, kept) and write nothing' })
  @IsOptional()
  @IsIn(FLAG)
  dryRun?: (typeof FLAG)[number];

  @ApiPropertyOptional({
    enum: FLAG,
    description: 'true: remove the rows of this convention the definition no longer lists; without it such an import is refused (409 removals_need_confirmation)',
  })
  @IsOptional()
  @IsIn(FLAG)
  confirmRemovals?: (typeof FLAG)[number];
}
