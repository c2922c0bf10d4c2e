import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PAGE } from './validators';

/**
 * The `page` and `pageSize` fields of a paginated list's query, validated alike everywhere: a list
 * query extends `PageQuery(default size, largest size)`.
 */
export function PageQuery(defaultSize: number, maxSize: number, sizeDescription?: string) {
  class Page {
    @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE)
    page?: number;

    @ApiPropertyOptional({ minimum: 1, maximum: maxSize, default: defaultSize, description: sizeDescription })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxSize)
    pageSize?: number;
  }
  return Page;
}
